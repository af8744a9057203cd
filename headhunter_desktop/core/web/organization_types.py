"""schema.org's Organization and its subtypes (https://schema.org/Organization, the
"More specific Types" tree): a JSON-LD node of any of these types describes a company."""

from __future__ import annotations

_NAMES = """
    Organization Airline Consortium Corporation CooperativeOrganization FundingScheme
    GovernmentOrganization LibrarySystem MedicalOrganization NGO NewsMediaOrganization
    OnlineBusiness OnlineStore PerformingGroup DanceGroup MusicGroup TheaterGroup
    PoliticalParty Project FundingAgency ResearchProject ResearchOrganization
    SearchRescueOrganization SportsOrganization SportsTeam WorkersUnion
    EducationalOrganization CollegeOrUniversity ElementarySchool HighSchool MiddleSchool
    Preschool School
    Dentist DiagnosticLab Hospital MedicalClinic Pharmacy Physician VeterinaryCare
    LocalBusiness AnimalShelter ArchiveOrganization AutomotiveBusiness AutoBodyShop
    AutoDealer AutoPartsStore AutoRental AutoRepair AutoWash GasStation MotorcycleDealer
    MotorcycleRepair ChildCare DryCleaningOrLaundry EmergencyService FireStation
    PoliceStation EmploymentAgency EntertainmentBusiness AdultEntertainment AmusementPark
    ArtGallery Casino ComedyClub MovieTheater NightClub FinancialService AccountingService
    AutomatedTeller BankOrCreditUnion InsuranceAgency FoodEstablishment Bakery BarOrPub
    Brewery CafeOrCoffeeShop Distillery FastFoodRestaurant IceCreamShop Restaurant Winery
    GovernmentOffice PostOffice HealthAndBeautyBusiness BeautySalon DaySpa HairSalon
    HealthClub NailSalon TattooParlor HomeAndConstructionBusiness Electrician
    GeneralContractor HVACBusiness HousePainter Locksmith MovingCompany Plumber
    RoofingContractor InternetCafe LegalService Attorney Notary Library LodgingBusiness
    BedAndBreakfast Campground Hostel Hotel Motel Resort SkiResort VacationRental
    MedicalBusiness Optician ProfessionalService RadioStation RealEstateAgent
    RecyclingCenter SelfStorage ShoppingCenter SportsActivityLocation BowlingAlley
    ExerciseGym GolfCourse PublicSwimmingPool SportsClub StadiumOrArena TennisComplex Store
    BikeStore BookStore ClothingStore ComputerStore ConvenienceStore DepartmentStore
    ElectronicsStore Florist FurnitureStore GardenStore GroceryStore HardwareStore
    HobbyShop HomeGoodsStore JewelryStore LiquorStore MensClothingStore MobilePhoneStore
    MovieRentalStore MusicStore OfficeEquipmentStore OutletStore PawnShop PetStore
    ShoeStore SportingGoodsStore TireShop ToyStore WholesaleStore TelevisionStation
    TouristInformationCenter TravelAgency
"""
ORGANIZATION_TYPES = frozenset(_NAMES.split())
